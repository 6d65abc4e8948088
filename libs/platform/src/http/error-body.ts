/** The one error shape every route answers with (CONTRACT.md): stable English code, human message. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fields?: readonly { readonly field: string; readonly message: string }[];
  };
}

export function errorBody(code: string, message: string, fields?: ErrorBody['error']['fields']): ErrorBody {
  return { error: fields === undefined ? { code, message } : { code, message, fields } };
}
