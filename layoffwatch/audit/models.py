import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import anchors

ZERO_HASH = "0" * 64  # the previous-hash of the first entry of every chain


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改 / the audit log is append-only")

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除 / the audit log is append-only")


class AuditEntry(models.Model):
    """One line of the append-only, hash-chained audit log (ADR 0005, ADR 0046).

    The log is N independent hash chains (setting AUDIT_CHAINS). Within its `chain`, an entry's
    `position` is contiguous from 1 and its `hash` covers the chain, the position, the content and
    the previous entry's hash, so that altering or removing any row breaks its chain (see
    `layoffwatch audit_verify`). `seq` is assigned by the database: the global insertion order
    and the number shown to users; it may skip values (a rolled-back insert) and is not part of
    the hash. The actor is stored as id + label, not as a foreign key, so deleting a user changes
    no row.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        EXPORT = "export", _("导出")
        IMPORT = "import", _("导入")
        REJECTED = "rejected", _("拒绝的提交")
        DENIED = "denied", _("越权访问")
        TOKEN = "token", _("令牌")

    seq = models.BigAutoField(_("序号"), primary_key=True)
    chain = models.PositiveSmallIntegerField(_("哈希链"))
    position = models.BigIntegerField(_("链内序号"))
    at = models.DateTimeField(_("时间"))
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True)
    actor_label = models.CharField(_("操作人"), max_length=160, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象"), max_length=80, blank=True)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # which audit key MACs this entry (ADR 0084); 0 = written before the keys, public SHA-256
    key_id = models.PositiveSmallIntegerField(_("密钥编号"), default=0, db_default=0)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = verbose_name_plural = _("审计日志")
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["at"])]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="audit_entry_chain_position")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改 / the audit log is append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除 / the audit log is append-only")

    def _payload(self) -> list:
        # why not seq: the database assigns it at INSERT, after the hash was computed
        # (migration 0003 freezes a copy of this payload; change both or neither)
        return [
            self.chain,
            self.position,
            self.at.isoformat(timespec="microseconds"),
            self.actor_id,
            self.actor_label,
            self.action,
            self.object_type,
            self.object_id,
            self.summary,
            self.before,
            self.after,
            self.ip,
            self.prev_hash,
        ]

    def legacy_hash(self) -> str:
        """ADR 0046's public, unkeyed SHA-256: anyone can recompute it, so it is accepted only
        for entries written before the cut-over to keys (ADR 0084)."""
        blob = json.dumps(
            self._payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def compute_hash(self) -> str:
        """The entry's MAC under its key (ADR 0084), or legacy_hash for key id 0. Raises
        anchors.UnknownAuditKey if the entry's key is not in settings.AUDIT_KEYS."""
        if not self.key_id:
            return self.legacy_hash()
        return anchors.mac(self.key_id, anchors.canonical([self.key_id, *self._payload()]))


class AuditHead(models.Model):
    """One row per chain (`id` = the chain number), locked while appending to that chain, so that
    concurrent writers of one chain append in order. `last_position` and `last_hash` are those
    of the chain's last entry; audit_verify uses them to notice rows cut off the end."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    last_position = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=ZERO_HASH)
    # the chain's last entry written before the keys (migration 0005); used by audit_verify only
    # while no anchor exists: the anchors carry their own copy, out of the database's reach
    legacy_until = models.BigIntegerField(default=0, db_default=0)

    def __str__(self) -> str:
        return f"audit chain {self.id} head #{self.last_position}"
