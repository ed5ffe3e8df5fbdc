Feature: Keeping a victim of crime updated
  As an officer dealing with a crime
  I want to send the victim an approved update in their own language
  So that they know what is happening, and the crime's record shows what they were told

  Victims' Services Coordinators read these scenarios as the promise the toolkit makes:
  the victim gets exactly one message, in their language, and the crime's record shows it
  without showing the victim's full number or email address.

  Background:
    Given Testshire Police keeps victims updated in English and Welsh
    And texts and emails go to the sandbox, which keeps what the victim would receive instead of sending it

  Scenario: An officer texts a victim their crime reference in English
    Given I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    And the victim's mobile number is 07700 900123
    When I send the victim the "Crime reference assigned" update by text message in English
    Then I am told the message was sent and written to the crime's record
    And the victim receives a text in English that quotes crime 06/123456/26
    And the text reads:
      """
      Testshire Police: your crime reference is 06/123456/26. The officer dealing with it is
      PC 1234 Jones. Quote the reference when you call 101.
      """
    And the crime's record shows the text was sent to +4477009***23
    And the victim's full number or address is not shown on the crime's record

  Scenario: An officer emails a Welsh-speaking victim their crime reference
    Given I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    And the victim's email address is sam.victim@example.org
    When I send the victim the "Crime reference assigned" update by email in Welsh
    Then I am told the message was sent and written to the crime's record
    And the victim receives an email in Welsh that quotes crime 06/123456/26
    And the email's subject is "Testshire Police: cyfeirnod eich trosedd 06/123456/26"
    And the email says:
      """
      Cyfeirnod eich trosedd yw 06/123456/26. Y swyddog sy'n delio ag ef yw PC 1234 Jones.
      """
    And the email the victim opens is marked as written in Welsh
    And the crime's record shows the email was sent to s***@example.org
    And the crime's record says the email was in Welsh and keeps its English meaning:
      """
      Your crime reference is 06/123456/26. The officer dealing with it is PC 1234 Jones.
      """
    And the victim's full number or address is not shown on the crime's record

  Scenario Outline: An officer arranges to visit the victim
    Given today is Sunday, 1 March 2026
    And I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    And the victim's mobile number is 07700 900456
    When I send the victim the "Officer will call or visit" update by text message in <language>, with:
      | Call or visit | visit      |
      | Date          | 14/03/2026 |
      | Time          | 14:30      |
    Then the victim receives a text in <language> that quotes crime 06/123456/26
    And the text says "<visit sentence>"
    And the crime's record shows the text was sent to +4477009***56

    Examples:
      | language | visit sentence                                                             |
      | English  | PC 1234 Jones will visit you on Saturday, 14 March 2026 at 14:30.          |
      | Welsh    | Bydd PC 1234 Jones yn ymweld â chi am 14:30 ar y dyddiad hwn: Dydd Sadwrn, 14 Mawrth 2026. |

  Scenario: A visit date that has passed is refused
    Given today is Sunday, 1 March 2026
    And I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    And the victim's mobile number is 07700 900456
    When I try to send the victim the "Officer will call or visit" update by text message in English, with:
      | Call or visit | visit      |
      | Date          | 14/03/2020 |
      | Time          | 14:30      |
    Then I am told "That date has passed: enter today's date or a later one"
    And the victim receives nothing
    And nothing is written to the crime's record

  Scenario: An officer cannot text a landline
    Given I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    And the victim's phone number is 0161 496 0123
    When I try to send the victim the "Crime reference assigned" update by text message in English
    Then I am told "That is not a mobile number: a text can only go to a mobile"
    And the number I typed is still in the form for me to correct
    And I am not offered a Send button
    And the victim receives nothing
    And nothing is written to the crime's record

  Scenario: Pressing Send twice sends the victim one update
    Given I am signed in as an officer, PC 1234 Jones
    And I am dealing with crime 06/123456/26
    And the victim's mobile number is 07700 900123
    When I preview the "Crime reference assigned" update by text message in English
    And I press Send twice
    Then both presses show me the same message
    And the victim receives 1 text
    And the crime's record shows 1 message and 1 entry

  Scenario Outline: Someone who is not signed in cannot see what a victim was sent
    Given an officer has texted the victim of crime 06/123456/26 on 07700 900123
    When someone who is not signed in opens <page>
    Then they are sent to sign in
    And they see nothing about the crime or the victim
    When they sign in as an officer
    Then they are taken to <page> and can see the update

    Examples:
      | page                                |
      | the crime's page for 06/123456/26   |
      | the message's status page           |
      | the sandbox                         |
