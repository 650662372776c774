"""URLs of the candidates app: vetting (联审) and elections, in two modules."""

from .urls_elections import urlpatterns as election_urls
from .urls_vetting import urlpatterns as vetting_urls

app_name = "candidates"

urlpatterns = vetting_urls + election_urls
