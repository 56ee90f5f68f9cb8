// Bad input is named precisely: which field, what value, what would have been accepted.
// Adapters map it to exit code 2 (CLI) or HTTP 400 (API).
export class InputError extends Error {
  readonly field: string;
  readonly value: unknown;
  readonly accepted: string;
  readonly suggestions: string[];

  constructor(field: string, value: unknown, message: string, accepted: string, suggestions: string[] = []) {
    super(message);
    this.name = 'InputError';
    this.field = field;
    this.value = value;
    this.accepted = accepted;
    this.suggestions = suggestions;
  }

  toJSON(): { field: string; value: unknown; message: string; accepted: string; suggestions?: string[] } {
    return {
      field: this.field,
      value: this.value,
      message: this.message,
      accepted: this.accepted,
      ...(this.suggestions.length ? { suggestions: this.suggestions } : {}),
    };
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
