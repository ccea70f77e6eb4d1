import { useId, type ReactElement, type ReactNode } from "react";
import { cloneElement } from "react";
import { Label } from "./input";

type FieldProps = {
  label: ReactNode;
  /** The server's message for this field, shown under the input. */
  error?: string;
  hint?: ReactNode;
  children: ReactElement<{ id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string }>;
};

/** Field lays out a label, one control, and its hint or error, wired for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const note = `${id}-note`;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error || hint ? note : undefined,
      })}
      {error ? (
        <p id={note} className="text-xs text-destructive" data-field-error>
          {error}
        </p>
      ) : hint ? (
        <p id={note} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
