import ssl
import urllib.request

import aiohttp
import httpx
import requests
import urllib3


def fetch_invoice(url):
    # ruleid: py-tls-verify-disabled
    return requests.get(url, timeout=10, verify=False).json()


def post_webhook(url, body):
    session = requests.Session()
    # ruleid: py-tls-verify-disabled
    return session.post(url, json=body, verify=False)


def insecure_session():
    s = requests.Session()
    # ruleid: py-tls-verify-disabled
    s.verify = False
    return s


def httpx_client():
    # ruleid: py-tls-verify-disabled
    return httpx.Client(base_url="https://internal.example", verify=False)


def legacy_urlopen(url):
    # ruleid: py-tls-verify-disabled
    ctx = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=ctx)


def no_hostname_check():
    ctx = ssl.create_default_context()
    # ruleid: py-tls-verify-disabled
    ctx.check_hostname = False
    # ruleid: py-tls-verify-disabled
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def aiohttp_connector():
    # ruleid: py-tls-verify-disabled
    return aiohttp.TCPConnector(ssl=False)


def pool():
    # ruleid: py-tls-verify-disabled
    return urllib3.PoolManager(cert_reqs="CERT_NONE")


# ruleid: py-tls-verify-disabled
ssl._create_default_https_context = ssl._create_unverified_context


def ssh(host):
    import paramiko

    client = paramiko.SSHClient()
    # ruleid: py-tls-verify-disabled
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host)
    return client


# ---- negatives ----


def ssh_known_hosts(host):
    import paramiko

    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: py-tls-verify-disabled
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    return client


def fetch_verified(url):
    # ok: py-tls-verify-disabled
    return requests.get(url, timeout=10)


def fetch_private_ca(url):
    # ok: py-tls-verify-disabled
    return requests.get(url, verify="/etc/ssl/internal-ca.pem")


def httpx_default():
    # ok: py-tls-verify-disabled
    return httpx.Client(verify=True)


def strict_context():
    # ok: py-tls-verify-disabled
    ctx = ssl.create_default_context(cafile="/etc/ssl/ca.pem")
    ctx.check_hostname = True
    return ctx


def assert_verifying(ctx):
    # ok: py-tls-verify-disabled
    if ctx.verify_mode == ssl.CERT_NONE:
        raise RuntimeError("TLS verification must stay enabled")


def model_validate(schema, data):
    # ok: py-tls-verify-disabled
    return schema.load(data, verify=False, partial=True)


_VERIFY_MAP = {
    # ok: py-tls-verify-disabled
    ssl.CERT_NONE: 0,
    ssl.CERT_REQUIRED: 2,
}
