import { Button, Heading, Text } from "@react-email/components";
import { translate, type Locale } from "../app/platform/i18n";
import { buttonStyle, EmailLayout } from "./layout";

export type ResetPasswordProps = { name: string; url: string };

export function subject(locale: Locale) {
  return translate(locale, "email.reset.subject");
}

export default function ResetPassword({ locale, url }: ResetPasswordProps & { locale: Locale }) {
  return (
    <EmailLayout locale={locale} preview={translate(locale, "email.reset.subject")}>
      <Heading as="h1">{translate(locale, "email.reset.heading")}</Heading>
      <Text>{translate(locale, "email.reset.body")}</Text>
      <Button href={url} style={buttonStyle}>
        {translate(locale, "email.reset.button")}
      </Button>
      <Text style={{ fontSize: "12px", direction: "ltr" }}>{url}</Text>
    </EmailLayout>
  );
}
