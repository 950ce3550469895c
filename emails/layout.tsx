import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { dir, translate, type Locale } from "../app/platform/i18n";

export function EmailLayout({ locale, preview, children }: { locale: Locale; preview: string; children: ReactNode }) {
  const rtl = dir(locale) === "rtl";
  return (
    <Html lang={locale} dir={dir(locale)}>
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{
          backgroundColor: "#f4f6f5",
          fontFamily: rtl ? "Vazirmatn, Tahoma, sans-serif" : "Arial, sans-serif",
          direction: dir(locale),
        }}
      >
        <Container
          style={{ backgroundColor: "#ffffff", padding: "24px", margin: "24px auto", maxWidth: "560px", textAlign: rtl ? "right" : "left" }}
        >
          <Text style={{ fontSize: "18px", fontWeight: 700, color: "#0f5132" }}>{translate(locale, "app.name")}</Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#555" }}>{translate(locale, "email.footer")}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const buttonStyle = {
  backgroundColor: "#0f5132",
  color: "#ffffff",
  padding: "12px 20px",
  borderRadius: "6px",
  textDecoration: "none",
  display: "inline-block",
} as const;
