# A module using `match` (PEP 634): semgrep parses it with its fallback parser, where a string
# literal bound to a metavariable has no quotes; the shell/flag checks must still apply.
import subprocess

from flask import Flask, request

app = Flask(__name__)


def shell_for(platform):
    match platform:
        case "windows":
            return ["cmd.exe", "/c"]
        case _:
            return ["sh", "-c"]


@app.route("/grep")
def grep_logs():
    pattern = request.args.get("q", "")
    argv = []
    argv.append("bash")
    argv.append("-c")
    argv.append(f"grep -r {pattern} /var/log/app")
    # ruleid: py-command-injection
    return subprocess.run(argv, capture_output=True, text=True).stdout


@app.route("/grep-direct")
def grep_direct():
    pattern = request.args.get("q", "")
    # ruleid: py-command-injection
    return subprocess.run(["sh", "-c", f"grep -r {pattern} /var/log/app"], capture_output=True).stdout


@app.route("/grep-argv")
def grep_argv():
    # no shell: the pattern is one argument of grep, not shell code
    pattern = request.args.get("q", "")
    argv = ["grep", "-r", "--", pattern, "/var/log/app"]
    # ok: py-command-injection
    return subprocess.run(argv, capture_output=True, text=True).stdout
