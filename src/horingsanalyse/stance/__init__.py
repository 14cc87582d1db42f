"""The stance model: sentence features, topic assignment, the sentence and letter models.

See :mod:`.features` (what a sentence says, in words that name no hearing's subject),
:mod:`.topics` (which topic a sentence is about), :mod:`.models` (the learned parts and the
shipped model).
"""
