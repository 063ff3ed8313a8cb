#!/usr/bin/env python3
"""Screenshots of the dashboard from a real run.

Runs `logwarden demo` in a pseudo-terminal, types keys as a user would,
reads the screen through a terminal emulator (pyte) and paints it to PNG
(Pillow, DejaVu Sans Mono). Needs: pip install pyte pillow fonttools;
a release build (built if missing).

    python3 screenshots/make.py            # all shots into screenshots/
    python3 screenshots/make.py --only help
"""

import argparse
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import pyte
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
COLS, ROWS = 150, 42
FONT_SIZE = 15

# Terminal palettes for indices 0-15 (what the themes' named colors use),
# with the default foreground and background of a dark and a light terminal.
DARK = {
    "fg": "d4d4d4", "bg": "1e1e1e",
    "ansi": ["1e1e1e", "cd3131", "0dbc79", "e5e510", "2472c8", "bc3fbc", "11a8cd", "e5e5e5",
             "666666", "f14c4c", "23d18b", "f5f543", "3b8eea", "d670d6", "29b8db", "ffffff"],
}
LIGHT = {
    "fg": "1f1f1f", "bg": "fafafa",
    "ansi": ["000000", "cd3131", "00bc00", "949800", "0451a5", "bc05bc", "0598bc", "555555",
             "8a8a8a", "cd3131", "14ce14", "b5ba00", "0451a5", "bc05bc", "0598bc", "a5a5a5"],
}

# (file name, theme, terminal palette, keys typed once the feed is busy)
SHOTS = [
    ("dashboard-dark", "dark", DARK, []),
    ("dashboard-light", "light", LIGHT, []),
    ("detail", "dark", DARK, [b"/", b"Traceback", b"\r", b"\r"]),
    ("help", "dark", DARK, [b"?"]),
]


def binary() -> Path:
    path = ROOT / "target" / "release" / "logwarden"
    if not path.exists():
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    return path


def run(theme: str, keys: list[bytes]) -> list[list]:
    """The demo's screen cells once it shows a dozen issues, some recurring,
    after `keys`."""
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TERM="xterm-256color")
        env.pop("NO_COLOR", None)
        proc = subprocess.Popen(
            [str(binary()), "--theme", theme, "demo", "--dir", tmp, "--rate", "300"],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )
        os.close(slave)

        def pump(seconds: float) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    try:
                        stream.feed(os.read(master, 65536))
                    except OSError:
                        return

        def text() -> str:
            return "\n".join(screen.display)

        deadline = time.monotonic() + 60
        # A dozen issues, some of them recurring (shown with their count).
        while not (re.search(r"Issues \((\d{2,})\)", text()) and "×" in text()):
            if time.monotonic() > deadline:
                sys.exit(f"the demo showed too few issues:\n{text()}")
            pump(0.2)
        for key in keys:
            os.write(master, key)
            pump(0.3)
        pump(0.5)
        # Capture between two frames: after a short silence.
        while True:
            ready, _, _ = select.select([master], [], [], 0.03)
            if not ready:
                break
            stream.feed(os.read(master, 65536))
        cells = [[screen.buffer[y][x] for x in range(COLS)] for y in range(ROWS)]
        os.write(master, b"q")
        pump(0.5)
        proc.wait(timeout=30)
        os.close(master)
        if proc.returncode != 0:
            sys.exit(f"logwarden exited with {proc.returncode}")
    return cells


class Painter:
    """Paints a pyte screen: text through the font (with a fallback for
    glyphs the monospace font lacks), box lines and blocks as shapes so
    they join without gaps."""

    def __init__(self, palette: dict):
        self.palette = palette
        self.fonts = {}
        for bold in (False, True):
            name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
            self.fonts[bold] = ImageFont.truetype(str(FONT_DIR / name), FONT_SIZE)
        self.fallback = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), FONT_SIZE)
        self.cmap = TTFont(str(FONT_DIR / "DejaVuSansMono.ttf")).getBestCmap()
        self.cw = round(self.fonts[False].getlength("M"))
        ascent, descent = self.fonts[False].getmetrics()
        self.ch = ascent + descent + 2
        # pyte reports the 16 base colors as xterm's values: map them to ours.
        self.base = {pyte.graphics.FG_BG_256[i]: palette["ansi"][i] for i in range(16)}

    def color(self, value: str, default: str) -> str:
        if value == "default":
            return "#" + default
        names = ["black", "red", "green", "brown", "blue", "magenta", "cyan", "white"]
        if value in names:
            return "#" + self.palette["ansi"][names.index(value)]
        if value.startswith("bright") and value[6:] in names:
            return "#" + self.palette["ansi"][8 + names.index(value[6:])]
        if re.fullmatch(r"[0-9a-fA-F]{6}", value):
            return "#" + self.base.get(value.lower(), value)
        return "#" + default

    def paint(self, cells: list[list], path: Path) -> None:
        pad = 12
        img = Image.new("RGB", (COLS * self.cw + 2 * pad, ROWS * self.ch + 2 * pad),
                        "#" + self.palette["bg"])
        draw = ImageDraw.Draw(img)
        for y in range(ROWS):
            row = cells[y]
            for x in range(COLS):
                cell = row[x]
                fg = self.color(cell.fg, self.palette["fg"])
                bg = self.color(cell.bg, self.palette["bg"])
                if cell.reverse:
                    fg, bg = bg, fg
                x0, y0 = pad + x * self.cw, pad + y * self.ch
                box = (x0, y0, x0 + self.cw - 1, y0 + self.ch - 1)
                if bg != "#" + self.palette["bg"]:
                    draw.rectangle(box, fill=bg)
                char = cell.data
                if not char or char == " ":
                    continue
                if self.shape(draw, char, box, fg):
                    continue
                font = self.fonts[cell.bold] if ord(char[0]) in self.cmap else self.fallback
                draw.text((x0, y0 + 1), char, font=font, fill=fg)
        img.save(path, optimize=True)

    def shape(self, draw: ImageDraw.ImageDraw, char: str, box, fg: str) -> bool:
        x0, y0, x1, y1 = box
        mx, my = (x0 + x1) // 2, (y0 + y1) // 2
        eighths = "▏▎▍▌▋▊▉█"
        if char in eighths:
            width = (eighths.index(char) + 1) * (x1 - x0 + 1) // 8
            draw.rectangle((x0, y0, x0 + width - 1, y1), fill=fg)
            return True
        lower = "▁▂▃▄▅▆▇"
        if char in lower:
            height = (lower.index(char) + 1) * (y1 - y0 + 1) // 8
            draw.rectangle((x0, y1 - height + 1, x1, y1), fill=fg)
            return True
        # Box drawing: which of the four arms each character has.
        arms = {"─": "lr", "│": "ud", "┌": "rd", "┐": "ld", "└": "ur", "┘": "ul",
                "├": "udr", "┤": "udl", "┬": "lrd", "┴": "lru", "┼": "udlr"}
        if char not in arms:
            return False
        a = arms[char]
        if "l" in a:
            draw.line((x0, my, mx, my), fill=fg)
        if "r" in a:
            draw.line((mx, my, x1 + 1, my), fill=fg)
        if "u" in a:
            draw.line((mx, y0, mx, my), fill=fg)
        if "d" in a:
            draw.line((mx, my, mx, y1 + 1), fill=fg)
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one shot by name")
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    args = parser.parse_args()
    for name, theme, palette, keys in SHOTS:
        if args.only and args.only != name:
            continue
        cells = run(theme, keys)
        path = Path(args.out) / f"{name}.png"
        Painter(palette).paint(cells, path)
        print(f"{path}: {theme}, keys {b''.join(keys)!r}")


if __name__ == "__main__":
    main()
