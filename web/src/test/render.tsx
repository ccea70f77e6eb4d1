// Test rendering with the app's providers (a fresh QueryClient each time).
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import "@/i18n";
import { Toaster } from "@/components/ui/toast";
import { createQueryClient } from "@/features/queryClient";

export function renderWithApp(ui: ReactElement) {
  const client = createQueryClient();
  const result = render(
    <QueryClientProvider client={client}>
      {ui}
      <Toaster />
    </QueryClientProvider>,
  );
  return { ...result, client };
}
