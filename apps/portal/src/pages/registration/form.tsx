import type { ComponentChildren } from 'preact';
import type { Signal } from '@preact/signals';
import { rt, type RegKey } from '../registration-i18n';

/** A form's per-field messages (field name → text) and the elements to focus, kept by name. */
export interface FieldErrors {
  errors: Signal<Record<string, string>>;
  controls: Map<string, HTMLInputElement | HTMLSelectElement>;
}

/**
 * One labelled field of the nomination form: its help, its control (given as a render function
 * of the shared attributes) and its error, all tied together by ids.
 */
export function Field(props: {
  form: FieldErrors;
  name: string;
  label: RegKey;
  help?: string;
  control: (attrs: ControlAttrs) => ComponentChildren;
}) {
  const { form, name, help } = props;
  const id = `nom-${name}`;
  const error = form.errors.value[name] ?? '';
  const attrs: ControlAttrs = {
    id,
    name,
    'aria-describedby': [help ? `${id}-help` : '', `${id}-error`].filter(Boolean).join(' '),
    'aria-invalid': error ? 'true' : undefined,
    ref: (el: HTMLInputElement | HTMLSelectElement | null) => {
      if (el) form.controls.set(name, el);
      else form.controls.delete(name);
    },
  };
  return (
    <div class="field" data-field={name}>
      <label for={id}>{rt(props.label)}</label>
      {help ? (
        <p class="field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {props.control(attrs)}
      <p class="field-error" id={`${id}-error`}>
        {error}
      </p>
    </div>
  );
}

export interface ControlAttrs {
  id: string;
  name: string;
  'aria-describedby': string;
  'aria-invalid': 'true' | undefined;
  ref: (el: HTMLInputElement | HTMLSelectElement | null) => void;
}
