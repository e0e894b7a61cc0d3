from django.urls import path

from layoffwatch.core.views import stage_not_built

app_name = "policy"
# Replaced by the policy pages (issue 3); until then the stage says it is not built.
urlpatterns = [path("", stage_not_built, {"key": "policy_pending"}, name="index")]
