import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import MessageMedia from "./MessageMedia";

afterEach(cleanup);

describe("MessageMedia", () => {
  it("shows a kept image from the media endpoint", () => {
    render(<MessageMedia media={{ type: "image", caption: "foto", blob_id: "blb_01abc" }} />);
    expect(screen.getByRole("img", { name: "foto" }).getAttribute("src")).toBe("/api/v1/media/blb_01abc");
  });

  it("offers a document as a download", () => {
    render(<MessageMedia media={{ type: "document", filename: "nota.pdf", blob_id: "blb_02def" }} />);
    const link = screen.getByRole("link", { name: "nota.pdf" });
    expect(link.getAttribute("href")).toBe("/api/v1/media/blb_02def?filename=nota.pdf");
    expect(link.getAttribute("download")).toBe("nota.pdf");
  });

  it("asks the server for the document's own name, which the browser keeps over the link's", () => {
    render(<MessageMedia media={{ type: "document", filename: "boleto junho.pdf", blob_id: "blb_03ghi" }} />);
    expect(screen.getByRole("link", { name: "boleto junho.pdf" }).getAttribute("href")).toBe("/api/v1/media/blb_03ghi?filename=boleto%20junho.pdf");
  });

  it("shows nothing for media the platform did not keep", () => {
    const { container } = render(<MessageMedia media={{ type: "image", id: "meta-123" }} />);
    expect(container.innerHTML).toBe("");
  });
});
