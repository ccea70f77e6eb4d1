import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Field } from "./field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "./select";

function ChannelField({ error }: { error?: string }) {
  return (
    <Field label="Canal" error={error}>
      <Select value="sms">
        <SelectTrigger>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="whatsapp">WhatsApp</SelectItem>
          <SelectItem value="sms">SMS</SelectItem>
        </SelectContent>
      </Select>
    </Field>
  );
}

afterEach(cleanup);

describe("a Select inside a Field", () => {
  it("is named by the Field's label: its trigger is the labelled control", () => {
    render(<ChannelField />);
    const control = screen.getByLabelText("Canal");
    expect(control.getAttribute("role")).toBe("combobox");
    expect(screen.getByRole("combobox", { name: "Canal" })).toBe(control);
  });

  it("carries the Field's error to the trigger", () => {
    render(<ChannelField error="Escolha um canal" />);
    const control = screen.getByRole("combobox", { name: "Canal" });
    expect(control.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(control.getAttribute("aria-describedby") ?? "")?.textContent).toBe("Escolha um canal");
  });
});
