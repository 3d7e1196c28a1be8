from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminLoginForm
from .models import User

# The admin's sign-in is throttled like the portal's (accounts/throttle.py).
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "rol", "instelling", "hoofdvertegenwoordiger",
                    "is_active")
    list_filter = ("rol", "is_active", "hoofdvertegenwoordiger")
    list_select_related = ("instelling",)
    autocomplete_fields = ("instelling",)
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Rol in het portaal"), {"fields": ("rol", "instelling", "hoofdvertegenwoordiger")}),
    )
