"""Page-number pagination: a malformed page or page size is a 400, a page past the end 404."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def _positive(self, request, name: str, most: int | None = None) -> None:
        values = request.query_params.getlist(name)
        if not values:
            return
        ceiling = f" and at most {most}" if most else ""
        problem = f"A whole number from 1{ceiling}."
        if len(values) > 1 or not values[0].isdigit() or not values[0].isascii():
            raise ValidationError({name: [problem]})
        number = int(values[0])
        if number < 1 or (most and number > most):
            raise ValidationError({name: [problem]})

    def paginate_queryset(self, queryset, request, view=None):
        self._positive(request, self.page_query_param)
        self._positive(request, self.page_size_query_param, self.max_page_size)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
