#!/usr/bin/env python3
"""Runs every `$ curl …` example of the given Markdown files against a running service and
compares its output with the text shown under it, byte for byte:

    scripts/check-examples.py http://127.0.0.1:PORT README.md docs/examples.md

Only the lines that differ on every run are normalised: `Date:` and `X-Request-ID:` headers.
The examples run in file order against one fresh server (the order matters for /metrics).
http://localhost:8080 in a command is replaced by the base URL. Prints one line per example and
ends with "N passed, N failed"; exits 1 on any failure.
"""
import re
import subprocess
import sys

VOLATILE = re.compile(r"^(Date|X-Request-ID): .*$", re.IGNORECASE | re.MULTILINE)


def examples(path):
    """(line number, command, expected output) for each `$ curl` in a ```console block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    inside = False
    current = None
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            if inside and current:
                yield current
            current = None
            inside = line.strip() == "```console" if not inside else False
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            if current:
                yield current
            current = (number, line[2:], []) if line.startswith("$ curl") else None
        elif current:
            current[2].append(line)


def normalise(text):
    return VOLATILE.sub(r"\1: …", text.replace("\r", "")).rstrip("\n")


def main():
    base = sys.argv[1].rstrip("/")
    passed = failed = 0
    for path in sys.argv[2:]:
        for number, command, expected in examples(path):
            run = command.replace("http://localhost:8080", base)
            result = subprocess.run(["bash", "-c", run], capture_output=True, timeout=30)
            got = normalise(result.stdout.decode("utf-8", "replace"))
            want = normalise("\n".join(expected))
            if got == want:
                passed += 1
                print(f"ok    {path}:{number}  {command[:90]}")
            else:
                failed += 1
                print(f"FAIL  {path}:{number}  {command}")
                print("----- expected\n" + want + "\n----- got\n" + got + "\n-----")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
