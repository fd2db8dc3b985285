"""What a caller gets back for a request the API cannot answer: a 4xx with a JSON body
{"error": …, "message": …}, in the caller's language, naming the parameter when one is
to blame."""

from flask_babel import gettext


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.parameter = parameter

    def payload(self) -> dict:
        body = {"error": self.error, "message": self.message}
        if self.parameter is not None:
            body["parameter"] = self.parameter
        return body


def bad_parameter(name: str, message: str) -> ApiError:
    return ApiError(400, gettext("Bad request"), message, parameter=name)
