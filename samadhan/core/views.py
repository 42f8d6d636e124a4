from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The root: a signed-in agent goes to their inbox; anyone else sees how to start."""
    from samadhan.workspaces.models import Workspace

    if request.user.is_authenticated:
        return redirect("ui:start")
    return render(request, "core/home.html", {"workspace_count": Workspace.objects.count()})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when this process can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
