import asyncio
import os
import shlex
import subprocess


def ping(host):
    # ruleid: py-command-injection
    os.system("ping -c 1 " + host)


def archive(path):
    # ruleid: py-command-injection
    out = os.popen(f"tar czf /tmp/backup.tgz {path}").read()
    return out


def convert(src, dst):
    # ruleid: py-command-injection
    subprocess.run(f"convert {src} {dst}", shell=True, check=True)


def grep_logs(pattern):
    cmd = "grep -r '%s' /var/log/app" % pattern
    # ruleid: py-command-injection
    return subprocess.check_output(cmd, shell=True)


def user_cmd(cmd):
    # ruleid: py-command-injection
    subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)


def via_sh(branch):
    # ruleid: py-command-injection
    subprocess.run(["bash", "-c", "git checkout " + branch], check=True)


def get_output(name):
    # ruleid: py-command-injection
    return subprocess.getoutput("whois {}".format(name))


async def run_async(cmd):
    # ruleid: py-command-injection
    proc = await asyncio.create_subprocess_shell(cmd)
    await proc.wait()


# ---- negatives ----


def ping_safe(host):
    # ok: py-command-injection
    subprocess.run(["ping", "-c", "1", host], check=True)


def constant_shell():
    # ok: py-command-injection
    subprocess.run("ls -la /tmp | wc -l", shell=True)


def constant_system():
    # ok: py-command-injection
    os.system("clear")


def no_shell(src, dst):
    # ok: py-command-injection
    subprocess.check_call(["convert", src, dst])


def shell_false(args):
    # ok: py-command-injection
    subprocess.run(args, shell=False)


def constant_sh_c():
    # ok: py-command-injection
    subprocess.run(["sh", "-c", "make clean && make"], check=True)


def quoted(path):
    # ok: py-command-injection
    subprocess.run(["tar", "czf", "/tmp/b.tgz", shlex.quote(path)])
