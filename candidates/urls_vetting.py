"""URLs of candidate vetting (included by candidates/urls.py under the candidates namespace)."""

urlpatterns: list = []
