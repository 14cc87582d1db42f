"""Callbacks for stage-2 training (passed to spaCy with --code).

spaCy 3.8's EditTreeLemmatizer does not rebuild its tree->label map when it is
loaded from disk (it is only filled by initialize()). A sourced lemmatizer then
predicts correctly but computes wrong gold labels when training is resumed, and
its accuracy collapses. This after_init callback rebuilds the map.
"""
import spacy


@spacy.registry.callbacks("horingsanalyse.fix_sourced_lemmatizer.v1")
def make_fix_sourced_lemmatizer():
    def fix(nlp):
        for name, pipe in nlp.components:  # includes pipes disabled during initialize()
            if hasattr(pipe, "tree2label") and "labels" in getattr(pipe, "cfg", {}):
                pipe.tree2label = {tree: i for i, tree in enumerate(pipe.cfg["labels"])}
        return nlp

    return fix
