"""Regenerate the PyPI and npm parts of policies/popular-packages.json from download rankings.

Usage: scripts/gen_popular_packages.py PYPI_TSV NPM_TSV [--top N]

PYPI_TSV: tab-separated with a header; columns `name` and `rank_among_15000_most_downloaded`
(the shape of hugovk's top-pypi-packages, flattened). NPM_TSV: columns `name` and
`downloads_a_month`. The Go, crates.io and Maven lists in the file are hand-curated and kept.
These names are what the typosquat check compares new dependencies against: a new name one
edit away from one of them is a warning.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

# Frameworks people name directly but that rank below transitive helpers by raw downloads.
EXTRA = {
    "pypi": ["django", "flask", "fastapi", "celery", "scrapy", "tornado", "pyramid", "bottle", "sanic", "falcon",
             "transformers", "torch", "tensorflow", "keras", "scikit-learn", "opencv-python", "pillow", "matplotlib"],
    "npm": ["next", "vue", "angular", "@angular/core", "svelte", "nuxt", "moment", "mongoose", "bcrypt", "bcryptjs",
            "request", "jsonwebtoken", "passport", "sequelize", "prisma", "@prisma/client", "typeorm", "knex", "pg",
            "mysql2", "redis", "ioredis", "socket.io", "koa", "fastify", "@hapi/hapi", "@nestjs/core", "helmet",
            "morgan", "multer", "nodemailer", "stripe", "aws-sdk", "firebase", "graphql", "apollo-server",
            "react-dom", "react-router", "react-router-dom", "redux", "@reduxjs/toolkit", "tailwindcss", "vite",
            "jest", "mocha", "chai", "sinon", "cypress", "playwright", "puppeteer", "webpack", "dayjs", "date-fns",
            "luxon", "cors", "express-session", "cookie-parser", "dotenv", "yup", "joi", "validator", "winston",
            "pino", "bunyan", "cheerio", "sharp", "jimp", "openai", "langchain"],
}
OUT = Path(__file__).resolve().parent.parent / "policies" / "popular-packages.json"


def _rows(path: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = [h.split(" ", 1)[0] for h in next(reader)]
        return [dict(zip(header, row, strict=False)) for row in reader]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pypi_tsv")
    ap.add_argument("npm_tsv")
    ap.add_argument("--top", type=int, default=1000)
    args = ap.parse_args(argv)
    ranked = [(int(r["rank_among_15000_most_downloaded"]), r["name"]) for r in _rows(args.pypi_tsv)
              if (r.get("rank_among_15000_most_downloaded") or "").isdigit()]
    pypi = [name for _, name in sorted(ranked)[: args.top]]
    counted = [(int(r["downloads_a_month"]), r["name"]) for r in _rows(args.npm_tsv)
               if (r.get("downloads_a_month") or "").isdigit()]
    npm = [name for _, name in sorted(counted, key=lambda t: (-t[0], t[1]))[: args.top]]
    data = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    data["pypi"] = sorted(set(pypi) | set(EXTRA["pypi"]))
    data["npm"] = sorted(set(npm) | set(EXTRA["npm"]))
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['pypi'])} PyPI, {len(data['npm'])} npm names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
