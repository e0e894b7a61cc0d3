"""Run LayoffWatch in production: gunicorn and the Huey consumer (docs/deploy.md, ADR 0080).

1. Refuse to start on a database that is not migrated (the web would answer 500s); then do what
   the apps registered on `core.hooks.before_serving` (monitoring: finish interrupted imports).
2. Start gunicorn (the web) and `run_huey` (the queue), each as a child process; the queue at a
   lower CPU priority, so that receipts come first (benchmarks/README.md).
3. When one of them ends, or on Ctrl-C / SIGTERM, stop the other; exit non-zero when a process
   ended by itself, so that systemd restarts the pair.

`--only web` / `--only queue` run one of the two, for one systemd unit per process.
The database, queue (REDIS_URL) and everything else come from the environment (README).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from layoffwatch.core.hooks import before_serving
from layoffwatch.core.runtime import queue_process, run_together, web_process


class Command(BaseCommand):
    help = "运行 Web 服务和任务队列 / run the web server (gunicorn) and the queue consumer (Huey)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="监听地址 / address (default 127.0.0.1:8000)"
        )
        parser.add_argument(
            "--web-workers", type=int, default=3, help="Web 进程数 / gunicorn workers (default 3)"
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="每进程线程数 / threads per worker (default 4)"
        )
        parser.add_argument(
            "--queue-workers", type=int, default=2, help="队列线程数 / Huey workers (default 2)"
        )
        parser.add_argument(
            "--queue-nice",
            type=int,
            default=10,
            help="队列的 nice 值 / queue niceness (default 10)",
        )
        parser.add_argument(
            "--only", choices=["web", "queue"], help="只运行其一 / run only the web or the queue"
        )

    def handle(self, *args, bind, web_workers, threads, queue_workers, queue_nice, only, **opts):
        for name, value in (
            ("--web-workers", web_workers),
            ("--threads", threads),
            ("--queue-workers", queue_workers),
        ):
            if value < 1:
                raise CommandError(f"{name} 须为正整数 / must be positive")
        if not 0 <= queue_nice <= 19:
            raise CommandError("--queue-nice 须在 0–19 之间 / must be 0–19")
        pending = MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
        if pending:
            raise CommandError(
                f"数据库有 {len(pending)} 个迁移未执行，请先运行 layoffwatch migrate / "
                f"{len(pending)} migrations not applied: run `layoffwatch migrate` first"
            )
        # what the apps registered to do first (ADR 0093), e.g. monitoring finishes an import a
        # crash interrupted (ADR 0087)
        for work in before_serving.handlers:
            done = work.run()
            if done:
                self.stdout.write(work.done.format(n=done))
        connection.close()  # why: the children open their own; keep no idle connection here
        processes = []
        if only in (None, "web"):
            processes.append(web_process(bind=bind, workers=web_workers, threads=threads))
        if only in (None, "queue"):
            processes.append(queue_process(workers=queue_workers, nice=queue_nice))
        self.stdout.write(
            f"LayoffWatch 运行中 / running: {', '.join(p.name for p in processes)}"
            + (f" at http://{bind}/" if only != "queue" else "")
        )
        status = run_together(processes, say=self.stdout.write)
        if status:
            raise CommandError(f"进程异常退出 / a process exited (status {status})")
