"""Command line: ``python -m lstm_explainer.site {build,serve,generate}``.

build [--site DIR] [--lang L ...]   every language (strict) into DIR (default: site/)
serve [--lang L] [mkdocs args]      one language with live reload (default: the original)
generate DIR [--part K/N]           write the figures, equations and numbers into DIR (share K of N)
execute [--lang L ...] [--part K/N] run the notebooks whose results are not cached yet (share K of N)
package DIR [--tag vX.Y.Z]          build the wheel and the sdist into DIR, reproducibly (the release
                                    workflow's; with --tag, first check it names __version__)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ..i18n import LANGUAGES, ORIGINAL, check_lang
from .settings import LANG_ENV


def _part(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 0 <= int(k) < int(n)):
        raise argparse.ArgumentTypeError(f"expected K/N with 0 <= K < N, such as 0/2; got {text!r}")
    return int(k), int(n)


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
    g.add_argument("--part", type=_part, default=(0, 1), metavar="K/N", help="write share K of N (from 0)")
    e = sub.add_parser("execute", help="execute the notebooks (the original's first), caching the results")
    e.add_argument("--lang", action="append", help="only this language (repeatable)")
    e.add_argument("--part", type=_part, default=(0, 1), metavar="K/N", help="run share K of N (from 0)")
    p = sub.add_parser("package", help="build the wheel and the sdist, reproducibly")
    p.add_argument("out", type=Path)
    p.add_argument("--tag", help="a release tag, which must be v + lstm_explainer.__version__")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "serve":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")

    if args.command == "generate":
        from .content import generate

        generate(args.out, *args.part)
    elif args.command == "execute":
        from .notebooks import execute_all

        for lang in args.lang or []:
            check_lang(lang)
        execute_all(Path.cwd(), args.lang or list(LANGUAGES), *args.part)
    elif args.command == "package":
        from .downloads import build, check_tag

        if args.tag is not None:
            try:
                check_tag(args.tag)
            except ValueError as err:
                parser.error(str(err))
        made = build(args.out)
        for artifact in (made.wheel, made.sdist):
            print(f"{artifact.sha256}  {args.out / artifact.name}")  # noqa: T201 (the CLI's output)
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
