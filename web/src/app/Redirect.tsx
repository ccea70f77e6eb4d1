import { useEffect } from "react";
import { navigate } from "./router";

/** Redirect replaces the current URL after render. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
