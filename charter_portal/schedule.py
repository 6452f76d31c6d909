"""When the portal's periodic jobs run (Europe/Paris). `manage.py run_schedule` (the `clock`
process of the Procfile) queues each job's task at its time; the worker runs it. Production may
use the cron lines of the README instead: the same commands, the same times."""

# (job id, crontab fields: minute hour day month day_of_week, task path)
JOBS = [
    ("send_reminders", "30 7 * * *", "reminders.tasks.send_reminders_task"),
    ("send_digests", "0 9 * * 1-5", "reminders.tasks.send_digests_task"),
    ("purge_personal_data", "0 3 1 * *", "retention.tasks.purge_personal_data_task"),
    ("delete_expired_exports", "15 * * * *", "exports.tasks.delete_expired_exports"),
    ("retry_emails", "*/10 * * * *", "charter_portal.tasks.retry_due_emails_task"),
    ("build_missing_report_files", "*/30 * * * *", "reports.tasks.build_missing_snapshot_files"),
    ("requeue_lost_exports", "5,35 * * * *", "exports.tasks.requeue_lost_exports"),
]
