import { Button, Heading, Text } from "@react-email/components";
import { translate, type Locale } from "../app/platform/i18n";
import { buttonStyle, EmailLayout } from "./layout";

export type VerifyEmailProps = { name: string; url: string };

export function subject(locale: Locale) {
  return translate(locale, "email.verify.subject");
}

export default function VerifyEmail({ locale, name, url }: VerifyEmailProps & { locale: Locale }) {
  return (
    <EmailLayout locale={locale} preview={translate(locale, "email.verify.subject")}>
      <Heading as="h1">{translate(locale, "email.verify.heading", { name })}</Heading>
      <Text>{translate(locale, "email.verify.body")}</Text>
      <Button href={url} style={buttonStyle}>
        {translate(locale, "email.verify.button")}
      </Button>
      <Text style={{ fontSize: "12px", direction: "ltr" }}>{url}</Text>
    </EmailLayout>
  );
}
