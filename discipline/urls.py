"""URLs of the discipline app."""

app_name = "discipline"

urlpatterns: list = []
