"""The portal's model backend: Django's, but the signed-in user comes with their institution.

Every page shows the user's institution (navigation, rights), so loading it with the user
saves one query per request.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("instelling").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
