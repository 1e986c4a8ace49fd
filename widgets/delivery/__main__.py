"""`python -m widgets.delivery slides|handouts|learner-kit [OUT]`: the decks, the printables or
what learners may receive (see README)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from widgets.delivery.lesson import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.delivery", description=__doc__)
    parser.add_argument("what", choices=["slides", "handouts", "learner-kit"])
    parser.add_argument(
        "out", nargs="?", type=Path, help="the folder to write (default: build/slides or build/handouts)"
    )
    parser.add_argument(
        "--live-url",
        default="http://127.0.0.1:8866",
        help="where the live lessons are served (slides: the activity links)",
    )
    parser.add_argument("--only", nargs="*", help="lesson file stems to build (default: all)")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "build" / args.what
    started = time.monotonic()
    if args.what == "slides":
        from widgets.delivery import slides
        from widgets.delivery.reveal import RevealUnavailable

        try:
            written = slides.build(out, ROOT / "build" / "vendor", args.live_url, args.only)
        except RevealUnavailable as error:
            print(f"Cannot build the slides: {error}", file=sys.stderr)
            return 1
    elif args.what == "learner-kit":
        from widgets.delivery import learner_kit

        try:
            written = learner_kit.build(out)
        except learner_kit.LeakFound as error:
            print(f"Cannot build the learner kit: {error}", file=sys.stderr)
            return 1
        print(f"Hand out {written[1]} (or the folder {out}): no solution, hidden test, mark scheme or "
              "instructor note is in it.")
    else:
        from widgets.delivery import handouts

        written = handouts.build(out, only=args.only)
    print(f"Wrote {len(written)} files to {out} in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
