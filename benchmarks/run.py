"""Run every benchmarks/bench_*.py (each exposes main()). `make bench` calls this."""

import importlib.util
import sys
from pathlib import Path


def main() -> None:
    only = set(sys.argv[1:])
    for path in sorted(Path(__file__).resolve().parent.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        module.main()


if __name__ == "__main__":
    main()
