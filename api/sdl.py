"""Print or check the committed SDL ``schema/schema.graphql``.

python -m api.sdl            # rewrite schema/schema.graphql from the code
python -m api.sdl --check    # exit 1 when the committed file differs
python -m api.sdl --stdout   # print the SDL
"""

from __future__ import annotations

import sys
from pathlib import Path

from api.schema import print_sdl

SDL_PATH = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    sdl = print_sdl()
    if "--stdout" in args:
        sys.stdout.write(sdl)
        return 0
    if "--check" in args:
        current = SDL_PATH.read_text("utf-8") if SDL_PATH.exists() else ""
        if current != sdl:
            sys.stderr.write(f"{SDL_PATH} is out of date: run `python -m api.sdl`\n")
            return 1
        return 0
    SDL_PATH.write_text(sdl, "utf-8")
    sys.stdout.write(f"wrote {SDL_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["SDL_PATH", "main"]
