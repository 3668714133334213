"""Run the generator once in this process (pinned to one CPU) and print its figures as JSON on stdout.

Used by ``benchmarks.run`` so that every measurement starts a fresh interpreter and the peak memory
of the generator alone can be read from the child's resource usage.

    python -m benchmarks._child /tmp/project [--profile out.prof] [--all-cores]

``--all-cores`` leaves the process free to use every CPU, as ``make build`` does (articles are then
prepared in several processes, see ``generator.parallel.jobs``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    profile_out = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    if "--all-cores" not in argv:
        try:  # "one core": the generator's own figures are for one core, pinning makes that explicit
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        except (AttributeError, OSError):
            pass
    start = time.perf_counter()
    from generator import build, pipeline  # noqa: PLC0415 - import time is measured

    imported = time.perf_counter()
    timings = pipeline.Timings()
    project = build.Project(root=root)
    if profile_out:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu = time.process_time()
    report = pipeline.generate(project, timings=timings)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    if profile_out:
        profiler.disable()
        profiler.dump_stats(profile_out)
    print(json.dumps({
        "import": imported - start,
        "generate": done - imported,
        "generate_cpu": cpu,
        "stages": timings.stages,
        "articles": report.articles,
        "written": list(report.written),
        "unchanged": report.unchanged,
        "removed": list(report.removed),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
