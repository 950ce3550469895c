import { Button, Heading, Text } from "@react-email/components";
import { translate, type Locale } from "../app/platform/i18n";
import { buttonStyle, EmailLayout } from "./layout";

export type AccountExistsProps = { name: string; signInUrl: string; resetUrl: string };

export function subject(locale: Locale) {
  return translate(locale, "email.exists.subject");
}

/** Sent instead of a second account when someone signs up with a registered address. */
export default function AccountExists({ locale, name, signInUrl, resetUrl }: AccountExistsProps & { locale: Locale }) {
  return (
    <EmailLayout locale={locale} preview={translate(locale, "email.exists.subject")}>
      <Heading as="h1">{translate(locale, "email.verify.heading", { name })}</Heading>
      <Text>{translate(locale, "email.exists.body")}</Text>
      <Button href={signInUrl} style={buttonStyle}>
        {translate(locale, "nav.signIn")}
      </Button>
      <Text>
        <a href={resetUrl}>{translate(locale, "auth.signIn.forgot")}</a>
      </Text>
    </EmailLayout>
  );
}
