#include <jansson.h>

/// `json_decref` is a macro-like inline; give Swift a plain function to call.
static inline void cjansson_decref(json_t *value) { json_decref(value); }

/// The error code jansson stores in the last byte of `json_error_t.text`.
static inline int cjansson_error_code(const json_error_t *error) { return (int)json_error_code(error); }
