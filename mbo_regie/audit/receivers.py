"""What the audit log listens to: Django's sign-in signals and django-fsm's transitions.

Signals are right here (and only here): auditing must see every sign-in and every transition,
whichever interface or service caused it, without each of them remembering to call it.
"""
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django_fsm.signals import post_transition

from .models import AuditEntry
from .services import current_request, entry_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def login_recorded(sender, request, user, **kwargs):
    entry_record(kind=AuditEntry.Kind.LOGIN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def login_failure_recorded(sender, credentials, request=None, **kwargs):
    entry_record(kind=AuditEntry.Kind.LOGIN_FAILED, request=request,
                 username=str(credentials.get("username") or ""))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def logout_recorded(sender, request, user, **kwargs):
    entry_record(kind=AuditEntry.Kind.LOGOUT, request=request, user=user)


@receiver(post_transition, dispatch_uid="audit_transition")
def transition_recorded(sender, instance, name, source, target, **kwargs):
    # Inside the service's transaction: a transition that is rolled back leaves no entry.
    entry_record(kind=AuditEntry.Kind.TRANSITION, request=current_request(),
                 object_type=instance._meta.label_lower, object_id=str(instance.pk or ""),
                 transition=name, source=str(source or ""), target=str(target or ""))
