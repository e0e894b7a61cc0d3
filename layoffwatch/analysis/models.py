"""Situation analysis (plan S6.1): the monthly analysis drafted from the indicator tables, signed
off by a leader, and the consultations (会商) the departments hold on it."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyAnalysis(models.Model):
    """One month's written analysis: its sections as staff last saved them (drafted from the
    indicator tables), then signed off by a leader."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED = "signed", _("已签发")

    period = models.CharField(_("月份"), max_length=7, unique=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # [{"key": "overall", "text": "…"}, …] in the bureau's order (analysis.drafting.SECTIONS)
    sections = models.JSONField(_("正文"), default=list)
    drafted_at = models.DateTimeField(_("起草时间"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("修改时间"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-period"]
        verbose_name = verbose_name_plural = _("月度形势分析")

    def __str__(self) -> str:
        return self.period


class Consultation(models.Model):
    """A consultation (会商, plan S6.1): who took part, what each department said, what was
    concluded and who does what by when."""

    held_on = models.DateField(_("会商日期"))
    subject = models.CharField(_("议题"), max_length=200)
    analysis = models.ForeignKey(
        MonthlyAnalysis,
        verbose_name=_("研讨的月度分析"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    # the organisations present, by code (analysis.organisations.ORGANISATIONS)
    participants = models.JSONField(_("参会单位"), default=list)
    # [{"organisation": code, "text": "…"}] each department's input, in the order given
    inputs = models.JSONField(_("各部门意见"), default=list)
    conclusions = models.TextField(_("会商结论"))
    created_at = models.DateTimeField(_("录入时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = verbose_name_plural = _("会商")

    def __str__(self) -> str:
        return f"{self.held_on} {self.subject}"


class ConsultationAction(models.Model):
    """A follow-up action of a consultation: in its owner's “我的任务” and the daily escalation of
    overdue work until done."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("会商"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("事项"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        related_name="consultation_actions",
    )
    due_on = models.DateField(_("完成时限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.CharField(_("办理情况"), max_length=300, blank=True)
    escalation = models.PositiveSmallIntegerField(_("催办级别"), default=0)
    escalated_at = models.DateTimeField(_("催办时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = verbose_name_plural = _("会商事项")

    def __str__(self) -> str:
        return self.text


class ForecastRun(models.Model):
    """One run of the forecasts (plan S3.1.3 预测, ADR 0105): the months it saw, its models and
    parameters, its back-test and its forecasts, kept so that a figure on a page can be traced to
    the run that made it and the run can be made again from the same months.

    `created_at` is when the run started (the time its maker was given); `finished_at` when it
    was kept (started + its `seconds` of work): the page says "生成于" the finish."""

    first_period = models.CharField(_("起始月份"), max_length=7)
    period = models.CharField(_("截止月份"), max_length=7, db_index=True)
    created_at = models.DateTimeField(_("开始生成时间"))
    finished_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    parameters = models.JSONField(_("参数"), default=dict)
    result = models.JSONField(_("结果"), default=dict)
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("预测")

    def __str__(self) -> str:
        return f"{self.first_period}–{self.period}"

    @property
    def made_at(self):
        """When it was kept (a row from before `finished_at`: its start plus its seconds)."""
        return self.finished_at or self.created_at + dt.timedelta(seconds=self.seconds or 0)


class RiskModel(models.Model):
    """A trained enterprise risk ranking (plan S2.3 预防为先, S3.1.3 预测; ADR 0106): the months it
    learnt from, its features, parameters, seed and back-test, and the fitted model itself, so that
    a ranking can be traced to the model that made it and the model made again from the same
    months. It ranks only the months after those it learnt from (`may_score`).

    `created_at` is when the training started (the time it was given); `finished_at` when the
    model was kept (started + its `seconds` of work): the page says "生成于" the finish."""

    first_period = models.CharField(_("起始月份"), max_length=7)
    # the last month whose 3-month outcome was known: the last month it learnt from
    trained_until = models.CharField(_("训练截止月份"), max_length=7)
    # the last month of data it saw (its features' latest month)
    period = models.CharField(_("数据截止月份"), max_length=7, db_index=True)
    features = models.JSONField(_("特征"), default=list)
    parameters = models.JSONField(_("参数"), default=dict)
    metrics = models.JSONField(_("回测结果"), default=dict)
    seed = models.PositiveIntegerField(_("随机种子"))
    created_at = models.DateTimeField(_("开始训练时间"))
    finished_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # its ranking of `period` (the month after the data it learnt from, ready for the page):
    # [[enterprise id, probability, [reasons]], …] best first, each reason [feature, number],
    # said in the reader's language when shown (risk_reasons; a text one, from before, as it is)
    ranking = models.JSONField(_("排序结果"), default=list)
    # the fitted estimator, joblib-dumped (only this application reads it back)
    blob = models.BinaryField(_("模型文件"))
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("风险排序模型")

    def __str__(self) -> str:
        return f"{self.first_period}–{self.trained_until}"

    @property
    def made_at(self):
        """When it was kept (a row from before `finished_at`: its start plus its seconds)."""
        return self.finished_at or self.created_at + dt.timedelta(seconds=self.seconds or 0)


class RiskVisit(models.Model):
    """A visit planned from the risk ranking (计划走访, ADR 0106): in the enterprise's service
    commissioner's “我的任务” until done."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="risk_visits",
    )
    period = models.CharField(_("排序月份"), max_length=7)
    model = models.ForeignKey(
        RiskModel,
        verbose_name=_("风险排序模型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    probability = models.FloatField(_("风险概率"))
    # the ranking's reasons as it keeps them ([feature, number], risk_reasons)
    reasons = models.JSONField(_("主要原因"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务专员"),
        on_delete=models.PROTECT,
        related_name="risk_visits",
    )
    due_on = models.DateField(_("走访时限"))
    created_at = models.DateTimeField(_("安排时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("安排人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.CharField(_("走访情况"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = verbose_name_plural = _("风险走访")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "period"],
                condition=models.Q(done_at__isnull=True),
                name="one_open_risk_visit_per_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.period}"


class AnalysisJob(models.Model):
    """One request for the queue's analysis work (ADR 0105, 0106): the forecasts after a month or
    a new risk ranking model, from the click (排队中) through the worker (运行中) to its end
    (已完成, with the run it made, or 失败, with why in the bureau's Chinese and the message to
    say it again in the reader's language). The monthly runs are recorded the same way. At most
    one of a kind (and month) waits at a time (analysis.jobs)."""

    class Kind(models.TextChoices):
        FORECAST = "forecast", _("就业形势预测")
        RISK = "risk", _("风险排序模型训练")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    WAITING = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # the forecasts' last month; "" for a training (it uses every month held)
    period = models.CharField(_("截止月份"), max_length=7, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("提交时间"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # why it failed, in Chinese (never a traceback), and core.recorded's message to say it again
    message = models.CharField(_("说明"), max_length=500, blank=True)
    message_data = models.JSONField(null=True, blank=True)
    forecast = models.ForeignKey(
        ForecastRun,
        verbose_name=_("预测"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    risk_model = models.ForeignKey(
        RiskModel,
        verbose_name=_("风险排序模型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = verbose_name_plural = _("分析任务")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_waiting_analysis_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} {self.get_status_display()}".strip()

    @property
    def waiting(self) -> bool:
        return self.status in self.WAITING
