from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    """Failed attempts are counted and audited by the backend, successes by the user_logged_in
    signal (accounts/signals.py), so that the admin's login page is covered as well."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout(request):
    auth.logout(request)  # audited through user_logged_out
    return redirect("login")
