#!/usr/bin/env python3
"""Runs every `$ curl …` example of the given Markdown files against a running service and
compares its output with the text shown under it, byte for byte:

    scripts/check-examples.py http://127.0.0.1:PORT README.md docs/examples.md
    scripts/check-examples.py --update http://127.0.0.1:PORT README.md docs/examples.md

--update writes each example's real output into the file instead (after a change of the
service's answers: review the diff before committing it).

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
    """(line number, command, expected output lines) for each `$ curl` in a ```console block;
    the expected lines run up to the next command or the end of the block, separating blank
    lines included."""
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


def update(path, outputs):
    """Replaces the expected lines of each example (by line number) with its real output."""
    lines = open(path, encoding="utf-8").read().split("\n")
    for number, expected, got in sorted(outputs, reverse=True):
        separators = len(expected) - len("\n".join(expected).rstrip("\n").split("\n")) if expected else 0
        lines[number:number + len(expected)] = got.split("\n") + [""] * separators
    open(path, "w", encoding="utf-8").write("\n".join(lines))


def main():
    arguments = sys.argv[1:]
    rewrite = arguments[0] == "--update"
    if rewrite:
        arguments = arguments[1:]
    base = arguments[0].rstrip("/")
    passed = failed = 0
    for path in arguments[1:]:
        changed = []
        for number, command, expected in examples(path):
            run = command.replace("http://localhost:8080", base)
            result = subprocess.run(["bash", "-c", run], capture_output=True, timeout=30)
            raw = result.stdout.decode("utf-8", "replace").replace("\r", "").rstrip("\n")
            got = normalise(raw)
            want = normalise("\n".join(expected))
            if got == want:
                passed += 1
                print(f"ok    {path}:{number}  {command[:90]}")
            elif rewrite and got:
                changed.append((number, expected, raw))
                print(f"new   {path}:{number}  {command[:90]}")
            else:
                failed += 1
                print(f"FAIL  {path}:{number}  {command}")
                print("----- expected\n" + want + "\n----- got\n" + got + "\n-----")
        if changed:
            update(path, changed)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
