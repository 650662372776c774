"""URLs of candidate elections (included by candidates/urls.py under the candidates namespace)."""

urlpatterns: list = []
