"""The enterprise page's related records (workbench: connected pages): its reports, alerts,
signals, response cases, 一企一策 plans, disputes and public-opinion events, each linked to its
page.

Registered with `enterprises.hooks.enterprise_related` from `DashboardConfig.ready()`: the shell
sits at the top of the layers and may read every app (ADR 0093). Each section reads the app's
own `*_visible_to(user)` selector (ADR 0002) and is left out when the viewer may see none of
it, so "not there" and "not yours" look the same; a section is shown only to the roles that
may open its pages."""

from django.urls import reverse
from django.utils.translation import gettext as _

from layoffwatch.alerts.selectors import alerts_visible_to
from layoffwatch.assistance.selectors import support_plans_visible_to
from layoffwatch.core.clock import local_datetime
from layoffwatch.enterprises.hooks import Row, Section
from layoffwatch.monitoring.selectors import signals_visible_to
from layoffwatch.opinion.selectors import opinion_section
from layoffwatch.reporting.selectors import layoff_reports_visible_to
from layoffwatch.response.selectors import cases_visible_to
from layoffwatch.rights.selectors import rights_cases_visible_to

SHOWN = 10  # the newest rows of each section; the section says how many there are


def _at(value) -> str:
    return f"{local_datetime(value):%Y-%m-%d}" if value else "—"


def _section(key, title, qs, row, more_href="") -> Section | None:
    total = qs.count()
    if not total:
        return None
    return Section(
        key=key,
        title=title,
        rows=[row(x) for x in qs[:SHOWN]],
        total=total,
        more_href=more_href,
    )


def _reports(user, enterprise):
    qs = layoff_reports_visible_to(user).filter(enterprise=enterprise, is_current=True)
    return _section(
        "related-reports",
        _("裁员报告"),
        qs.order_by("-submitted_at", "-pk"),
        lambda r: Row(
            reverse("reporting:detail", args=[r.receipt_no]),
            r.receipt_no,
            _("%(at)s 提交，计划裁减 %(n)s 人%(withdrawn)s")
            % {
                "at": _at(r.submitted_at),
                "n": r.planned_cut,
                "withdrawn": _("（已撤回）") if r.withdrawn_at else "",
            },
        ),
    )


def _alerts(user, enterprise):
    if not user.is_bureau:  # the alert pages are the bureau's
        return None
    return _section(
        "related-alerts",
        _("预警"),
        alerts_visible_to(user).filter(enterprise=enterprise).order_by("-opened_at", "-pk"),
        lambda a: Row(
            reverse("alerts:detail", args=[a.pk]),
            _("预警 #%(n)s") % {"n": a.pk},
            f"{a.get_level_display()} · {a.get_status_display()} · {_at(a.opened_at)}",
        ),
    )


def _signals(user, enterprise):
    return _section(
        "related-signals",
        _("监测信号"),
        signals_visible_to(user).filter(enterprise=enterprise).order_by("-created_at", "-pk"),
        lambda s: Row(
            reverse("monitoring:signal", args=[s.pk]),
            _("监测信号 #%(n)s") % {"n": s.pk},
            f"{s.get_kind_display()} · {s.period} · {s.get_status_display()}",
        ),
    )


def _cases(user, enterprise):
    return _section(
        "related-cases",
        _("处置案件"),
        cases_visible_to(user).filter(alert__enterprise=enterprise).order_by("-opened_at"),
        lambda c: Row(
            reverse("response:case", args=[c.pk]),
            _("处置 #%(n)s") % {"n": c.pk},
            _("%(n)s级响应 · %(status)s · %(at)s 立案")
            % {"n": c.level, "status": c.get_status_display(), "at": _at(c.opened_at)},
        ),
    )


def _plans(user, enterprise):
    if not user.is_bureau:  # the plan pages are the bureau's
        return None
    return _section(
        "related-plans",
        _("一企一策稳岗方案"),
        support_plans_visible_to(user).filter(enterprise=enterprise).order_by("-created_at"),
        lambda p: Row(
            reverse("assistance:support_plan", args=[p.pk]),
            _("稳岗方案 #%(n)s") % {"n": p.pk},
            _("%(status)s · 原计划裁减 %(n)s 人")
            % {"status": p.get_status_display(), "n": p.planned_cut},
        ),
    )


def _disputes(user, enterprise):
    return _section(
        "related-disputes",
        _("劳动争议与维权案件"),
        rights_cases_visible_to(user).filter(enterprise=enterprise).order_by("-received_at"),
        lambda c: Row(
            reverse("rights:case", args=[c.pk]),
            _("维权案件 #%(n)s") % {"n": c.pk},
            f"{c.get_kind_display()} · {c.get_dispute_type_display()} · {_at(c.received_at)}",
        ),
    )


def _opinion(user, enterprise):
    """What people say of the enterprise (plan S6.4 舆情研判, ADR 0107)."""
    return opinion_section(user=user, enterprise=enterprise)


def enterprise_related_sections(*, user, enterprise) -> list[Section]:
    """The enterprise page's sections the viewer may see something of, in the order of the flow."""
    readers = (_reports, _alerts, _signals, _cases, _plans, _disputes, _opinion)
    return [s for s in (read(user, enterprise) for read in readers) if s is not None]
