// Every unit test file starts like the app does: modules register what the platform needs.
import "../../app/modules/register.server";
