from django.contrib import admin

from exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["kind", "requested_by", "status", "progress", "created_at", "expires_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in Export._meta.fields]

    def has_add_permission(self, request):
        return False
