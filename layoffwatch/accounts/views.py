from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from layoffwatch.audit.services import audit_record

from .forms import LoginForm
from .services import login_failure_record, login_success_record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        login_success_record(user=form.get_user(), request=self.request)
        return response

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        if username:
            login_failure_record(
                username=username, request=self.request, locked=getattr(self.request, "login_locked", False)
            )
        return super().form_invalid(form)


@require_POST
def logout(request):
    if request.user.is_authenticated:
        audit_record(action="logout", actor=request.user, obj=request.user, summary="退出登录 / logged out", request=request)
    auth.logout(request)
    return redirect("login")
