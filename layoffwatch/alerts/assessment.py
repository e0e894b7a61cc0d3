"""The district assessment's stored history (plan S3.2): written after an alert changed.

Apart from `services` so that the queue task that writes it after a report (`tasks`) and the
services that queue that task import each other in one direction only."""

import datetime as dt

from django.conf import settings
from django.utils import translation

from .models import DistrictAssessment
from .selectors import district_assessment_at


def assessment_recompute(*, at: dt.datetime, trigger: str = "") -> DistrictAssessment:
    """plan S3.2: store the district's grade after an alert changed (the grade's history, with
    what triggered it). Pages and the API never read this back: they compute the grade from the
    record (`selectors.district_assessment_at`, ADR 0055), so the two cannot differ."""
    # the stored history keeps the bureau's words whatever the language of the request that
    # changed the alert (ADR 0100)
    with translation.override(settings.LANGUAGE_CODE):
        row = district_assessment_at(at=at)
    row.trigger = trigger[:200]
    row.full_clean()
    row.save()
    return row
