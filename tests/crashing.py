"""Work that kills its worker process on one file, as a segfault in a PDF library would.

Importable by name, so worker processes (which get the work pickled by reference) find it.
"""

import os

from horingsanalyse.batch import ResponseWork

CRASH_MARK = "krasj"


class CrashingResponseWork(ResponseWork):
    def __call__(self, job, data=None):
        if CRASH_MARK in job.relative:
            os._exit(70)  # no exception, no cleanup: the process is simply gone
        return super().__call__(job, data)
