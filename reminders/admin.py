from django.contrib import admin

from reminders.models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["kind", "content_type", "object_id", "due_on", "sent_on"]
    list_filter = ["kind", "sent_on"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
