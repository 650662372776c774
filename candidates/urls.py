"""URLs of the candidates app."""

app_name = "candidates"

urlpatterns: list = []
