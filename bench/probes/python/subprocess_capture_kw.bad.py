import subprocess


def version() -> str:
    out = subprocess.run(["git", "--version"], capture=True, text=True, check=True)  # expect: py-unknown-argument
    return out.stdout
