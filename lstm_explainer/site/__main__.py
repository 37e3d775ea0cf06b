"""Command line: ``python -m lstm_explainer.site {build,serve,generate}``.

build [--site DIR] [--lang L ...]   every language (strict) into DIR (default: site/)
serve [--lang L] [mkdocs args]      one language with live reload (default: the original)
generate DIR                        write the figures, equations and numbers into DIR
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ..i18n import ORIGINAL, check_lang
from .settings import LANG_ENV


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m lstm_explainer.site",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every language")
    b.add_argument("--site", type=Path, default=Path("site"))
    b.add_argument("--lang", action="append", help="only this language (repeatable)")
    s = sub.add_parser("serve", help="serve one language with live reload")
    s.add_argument("--lang", default=ORIGINAL)
    g = sub.add_parser("generate", help="write the generated content into a directory")
    g.add_argument("out", type=Path)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "serve":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")

    if args.command == "generate":
        from .content import generate

        generate(args.out)
    elif args.command == "build":
        from .build import build_all

        for lang in args.lang or []:
            check_lang(lang)
        times = build_all(Path.cwd(), args.site.resolve(), args.lang)
        print("  ".join(f"{k}: {v:.1f} s" for k, v in times.items()))  # noqa: T201 (the CLI's output)
    else:
        env = {**os.environ, LANG_ENV: check_lang(args.lang), "NO_MKDOCS_2_WARNING": "1"}
        sys.exit(subprocess.call([sys.executable, "-m", "mkdocs", "serve", *extra], env=env))


if __name__ == "__main__":
    main()
