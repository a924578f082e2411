from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from flask import Flask
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


# ruleid: py-csrf-disabled
@csrf_exempt
def transfer(request):
    return JsonResponse({"ok": True})


# ruleid: py-csrf-disabled
@method_decorator(csrf_exempt, name="dispatch")
class ProfileView(View):
    pass


urlpatterns = [
    # ruleid: py-csrf-disabled
    ("api/pay", csrf_exempt(transfer)),
]

# ruleid: py-csrf-disabled
app.config["WTF_CSRF_ENABLED"] = False


@app.route("/hook", methods=["POST"])
@csrf.exempt
# ruleid: py-csrf-disabled
def hook():
    return "ok"


# ruleid: py-csrf-disabled
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]


# ---- negatives ----


# a provider's webhook is called without the user's cookies (seen replaying dj-stripe)
# ok: py-csrf-disabled
@method_decorator(csrf_exempt, name="dispatch")
class ProcessWebhookView(View):
    def post(self, request):
        return HttpResponse(status=200)


# ok: py-csrf-disabled
@csrf_exempt
@require_POST
def paypal_ipn(request):
    return HttpResponse("OK")


urlpatterns_webhooks = [
    # ok: py-csrf-disabled
    path("stripe/", csrf_exempt(views.stripe_webhook)),
]


@csrf_protect
# ok: py-csrf-disabled
def protected(request):
    return JsonResponse({"ok": True})


# ok: py-csrf-disabled
app.config["WTF_CSRF_ENABLED"] = True

# ok: py-csrf-disabled
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]

# ok: py-csrf-disabled
WTF_CSRF_TIME_LIMIT = None
